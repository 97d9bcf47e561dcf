package xapi

// raw is the part of one statement cpdkit reads, as views of the window
// (valid until it moves), with the first problem found in it.
type raw struct {
	id           []byte
	actor        rawActor
	verb         []byte
	hasVerb      bool
	objectType   []byte
	objectID     []byte
	hasObject    bool
	scaled       []byte // result.score.scaled, as a JSON number
	duration     []byte
	registration []byte
	cmi5         bool
	mastery      []byte // the masteryscore extension, as a JSON number
	moveOn       []byte
	timestamp    []byte
	stored       []byte
	notObject    bool // the statement is not a JSON object

	badPath, badReason string
}

// rawActor is a statement's actor.
type rawActor struct {
	present    bool
	objectType []byte
	mbox       []byte
	sha1       []byte
	openID     []byte
	home, name []byte
	hasAccount bool
}

// parser reads statements.
type parser struct {
	scan
	r raw
}

// bad records the statement's first problem.
func (p *parser) bad(path, reason string) {
	if p.r.badReason == "" {
		p.r.badPath, p.r.badReason = path, reason
	}
}

// statement reads one statement into p.r.
func (p *parser) statement() error {
	p.r = raw{}
	c, err := p.ws()
	if err != nil {
		return err
	}
	if c != '{' {
		p.r.notObject = true
		p.bad("", "is a JSON "+kind(c)+", want a statement object")
		return p.skip()
	}
	return p.object(func(key []byte) error {
		switch string(key) {
		case "id":
			return p.text("id", &p.r.id)
		case "actor":
			return p.actor()
		case "verb":
			ok, err := p.members("verb", func(k []byte) error {
				if string(k) == "id" {
					return p.text("verb.id", &p.r.verb)
				}
				return p.skip()
			})
			p.r.hasVerb = ok
			return err
		case "object":
			ok, err := p.members("object", func(k []byte) error {
				switch string(k) {
				case "objectType":
					return p.text("object.objectType", &p.r.objectType)
				case "id":
					return p.text("object.id", &p.r.objectID)
				}
				return p.skip()
			})
			p.r.hasObject = ok
			return err
		case "result":
			return p.result()
		case "context":
			return p.context()
		case "timestamp":
			return p.text("timestamp", &p.r.timestamp)
		case "stored":
			return p.text("stored", &p.r.stored)
		}
		return p.skip()
	})
}

// actor reads the statement's actor.
func (p *parser) actor() error {
	a := &p.r.actor
	ok, err := p.members("actor", func(k []byte) error {
		switch string(k) {
		case "objectType":
			return p.text("actor.objectType", &a.objectType)
		case "mbox":
			return p.text("actor.mbox", &a.mbox)
		case "mbox_sha1sum":
			return p.text("actor.mbox_sha1sum", &a.sha1)
		case "openid":
			return p.text("actor.openid", &a.openID)
		case "account":
			ok, err := p.members("actor.account", func(k []byte) error {
				switch string(k) {
				case "homePage":
					return p.text("actor.account.homePage", &a.home)
				case "name":
					return p.text("actor.account.name", &a.name)
				}
				return p.skip()
			})
			a.hasAccount = ok
			return err
		}
		return p.skip()
	})
	a.present = ok
	return err
}

// result reads the statement's result: its score and duration.
func (p *parser) result() error {
	_, err := p.members("result", func(k []byte) error {
		switch string(k) {
		case "score":
			_, err := p.members("result.score", func(k []byte) error {
				if string(k) == "scaled" {
					return p.num("result.score.scaled", &p.r.scaled)
				}
				return p.skip()
			})
			return err
		case "duration":
			return p.text("result.duration", &p.r.duration)
		}
		return p.skip()
	})
	return err
}

// context reads the statement's registration, whether it is a cmi5
// statement, and the cmi5 context extensions.
func (p *parser) context() error {
	_, err := p.members("context", func(k []byte) error {
		switch string(k) {
		case "registration":
			return p.text("context.registration", &p.r.registration)
		case "contextActivities":
			_, err := p.members("context.contextActivities", func(k []byte) error {
				if string(k) == "category" {
					return p.category()
				}
				return p.skip()
			})
			return err
		case "extensions":
			_, err := p.members("context.extensions", func(k []byte) error {
				switch string(k) {
				case MasteryScoreIRI:
					return p.num("context.extensions["+MasteryScoreIRI+"]", &p.r.mastery)
				case MoveOnIRI:
					return p.text("context.extensions["+MoveOnIRI+"]", &p.r.moveOn)
				}
				return p.skip()
			})
			return err
		}
		return p.skip()
	})
	return err
}

// category reads context.contextActivities.category: an array of
// activities or, as xAPI allows, a single one.
func (p *parser) category() error {
	const path = "context.contextActivities.category"
	activity := func() error {
		_, err := p.members(path, func(k []byte) error {
			if string(k) != "id" {
				return p.skip()
			}
			var id []byte
			err := p.text(path+".id", &id)
			if string(id) == CMI5CategoryIRI {
				p.r.cmi5 = true
			}
			return err
		})
		return err
	}
	c, err := p.ws()
	if err != nil {
		return err
	}
	if c != '[' {
		return activity()
	}
	return p.array(func(int) error { return activity() })
}

// members reads an object field, calling member for each of its keys. A
// null counts as absent (false); any other non-object is recorded as the
// statement's problem and skipped.
func (p *parser) members(path string, member func(key []byte) error) (bool, error) {
	switch c, err := p.ws(); {
	case err != nil:
		return false, err
	case c == '{':
		return true, p.object(member)
	case c == 'n':
		return false, p.literal("null")
	default:
		p.bad(path, "is a JSON "+kind(c)+", want an object")
		return true, p.skip()
	}
}

// text reads a string field into dst; a null leaves it unset.
func (p *parser) text(path string, dst *[]byte) error {
	switch c, err := p.ws(); {
	case err != nil:
		return err
	case c == '"':
		v, err := p.str()
		*dst = v
		return err
	case c == 'n':
		return p.literal("null")
	default:
		p.bad(path, "is a JSON "+kind(c)+", want a string")
		return p.skip()
	}
}

// num reads a number field's text into dst; a null leaves it unset.
func (p *parser) num(path string, dst *[]byte) error {
	switch c, err := p.ws(); {
	case err != nil:
		return err
	case c == '-' || '0' <= c && c <= '9':
		v, err := p.number()
		*dst = v
		return err
	case c == 'n':
		return p.literal("null")
	default:
		p.bad(path, "is a JSON "+kind(c)+", want a number")
		return p.skip()
	}
}
