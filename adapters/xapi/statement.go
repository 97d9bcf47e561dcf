package xapi

import (
	"unicode/utf8"

	"github.com/cpdkit/cpdkit/internal/jsonscan"
)

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
	success      flag   // result.success
	completion   flag   // result.completion
	reason       []byte // the cmi5 reason result extension
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

// flag is a JSON boolean that may be absent. The zero value is absent.
type flag uint8

// The values of a flag.
const (
	flagFalse flag = iota + 1
	flagTrue
)

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
	jsonscan.Scanner
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
	c, err := p.Next()
	if err != nil {
		return err
	}
	if c != '{' {
		p.r.notObject = true
		p.bad("", "is a JSON "+jsonscan.Kind(c)+", want a statement object")
		return p.Skip()
	}
	return p.Object(func(key []byte, c byte) error {
		switch string(key) {
		case "id":
			return p.text("id", c, &p.r.id)
		case "actor":
			return p.actor(c)
		case "verb":
			ok, err := p.members("verb", c, func(k []byte, c byte) error {
				if string(k) == "id" {
					return p.text("verb.id", c, &p.r.verb)
				}
				return p.Skip()
			})
			p.r.hasVerb = ok
			return err
		case "object":
			ok, err := p.members("object", c, func(k []byte, c byte) error {
				switch string(k) {
				case "objectType":
					return p.text("object.objectType", c, &p.r.objectType)
				case "id":
					return p.text("object.id", c, &p.r.objectID)
				}
				return p.Skip()
			})
			p.r.hasObject = ok
			return err
		case "result":
			return p.result(c)
		case "context":
			return p.context(c)
		case "timestamp":
			return p.text("timestamp", c, &p.r.timestamp)
		case "stored":
			return p.text("stored", c, &p.r.stored)
		}
		return p.Skip()
	})
}

// actor reads the statement's actor, whose first byte is c.
func (p *parser) actor(c byte) error {
	a := &p.r.actor
	ok, err := p.members("actor", c, func(k []byte, c byte) error {
		switch string(k) {
		case "objectType":
			return p.text("actor.objectType", c, &a.objectType)
		case "mbox":
			return p.text("actor.mbox", c, &a.mbox)
		case "mbox_sha1sum":
			return p.text("actor.mbox_sha1sum", c, &a.sha1)
		case "openid":
			return p.text("actor.openid", c, &a.openID)
		case "account":
			ok, err := p.members("actor.account", c, func(k []byte, c byte) error {
				switch string(k) {
				case "homePage":
					return p.text("actor.account.homePage", c, &a.home)
				case "name":
					return p.text("actor.account.name", c, &a.name)
				}
				return p.Skip()
			})
			a.hasAccount = ok
			return err
		}
		return p.Skip()
	})
	a.present = ok
	return err
}

// result reads the statement's result: its score, success, completion,
// duration and the cmi5 reason extension.
func (p *parser) result(c byte) error {
	_, err := p.members("result", c, func(k []byte, c byte) error {
		switch string(k) {
		case "success":
			return p.boolean("result.success", c, &p.r.success)
		case "completion":
			return p.boolean("result.completion", c, &p.r.completion)
		case "extensions":
			_, err := p.members("result.extensions", c, func(k []byte, c byte) error {
				if string(k) == ReasonIRI {
					return p.text("result.extensions["+ReasonIRI+"]", c, &p.r.reason)
				}
				return p.Skip()
			})
			return err
		case "score":
			_, err := p.members("result.score", c, func(k []byte, c byte) error {
				if string(k) == "scaled" {
					return p.num("result.score.scaled", c, &p.r.scaled)
				}
				return p.Skip()
			})
			return err
		case "duration":
			return p.text("result.duration", c, &p.r.duration)
		}
		return p.Skip()
	})
	return err
}

// context reads the statement's registration, whether it is a cmi5
// statement, and the cmi5 context extensions.
func (p *parser) context(c byte) error {
	_, err := p.members("context", c, func(k []byte, c byte) error {
		switch string(k) {
		case "registration":
			return p.text("context.registration", c, &p.r.registration)
		case "contextActivities":
			_, err := p.members("context.contextActivities", c, func(k []byte, c byte) error {
				if string(k) == "category" {
					return p.category(c)
				}
				return p.Skip()
			})
			return err
		case "extensions":
			_, err := p.members("context.extensions", c, func(k []byte, c byte) error {
				switch string(k) {
				case MasteryScoreIRI:
					return p.num("context.extensions["+MasteryScoreIRI+"]", c, &p.r.mastery)
				case MoveOnIRI:
					return p.text("context.extensions["+MoveOnIRI+"]", c, &p.r.moveOn)
				}
				return p.Skip()
			})
			return err
		}
		return p.Skip()
	})
	return err
}

// category reads context.contextActivities.category: an array of
// activities or, as xAPI allows, a single one.
func (p *parser) category(c byte) error {
	const path = "context.contextActivities.category"
	activity := func(c byte) error {
		_, err := p.members(path, c, func(k []byte, c byte) error {
			if string(k) != "id" {
				return p.Skip()
			}
			var id []byte
			err := p.text(path+".id", c, &id)
			if string(id) == CMI5CategoryIRI {
				p.r.cmi5 = true
			}
			return err
		})
		return err
	}
	if c != '[' {
		return activity(c)
	}
	return p.Array(func(_ int, c byte) error { return activity(c) })
}

// members reads an object field whose first byte is c, calling member for
// each of its keys. A null counts as absent (false); any other non-object
// is recorded as the statement's problem and skipped.
func (p *parser) members(path string, c byte, member func(key []byte, c byte) error) (bool, error) {
	switch c {
	case '{':
		return true, p.Object(member)
	case 'n':
		return false, p.Literal("null")
	}
	p.bad(path, "is a JSON "+jsonscan.Kind(c)+", want an object")
	return true, p.Skip()
}

// text reads a string field, whose first byte is c, into dst; a null
// leaves it unset. The value is as the document has it, not always
// UTF-8: what is handed on is made UTF-8 where it becomes a string
// (utf8String), once for each distinct value, not for every field.
func (p *parser) text(path string, c byte, dst *[]byte) error {
	switch c {
	case '"':
		v, err := p.Str()
		*dst = v
		return err
	case 'n':
		return p.Literal("null")
	}
	p.bad(path, "is a JSON "+jsonscan.Kind(c)+", want a string")
	return p.Skip()
}

// boolean reads a boolean field, whose first byte is c, into dst; a null
// leaves it unset.
func (p *parser) boolean(path string, c byte, dst *flag) error {
	switch c {
	case 't':
		*dst = flagTrue
		return p.Literal("true")
	case 'f':
		*dst = flagFalse
		return p.Literal("false")
	case 'n':
		return p.Literal("null")
	}
	p.bad(path, "is a JSON "+jsonscan.Kind(c)+", want a boolean")
	return p.Skip()
}

// validUTF8 returns b, or a copy with each byte that does not begin a
// UTF-8 sequence replaced with U+FFFD, as encoding/json decodes strings.
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// utf8String returns b as a string, each byte that does not begin a UTF-8
// sequence replaced with U+FFFD, as encoding/json decodes strings.
func utf8String(b []byte) string { return string(validUTF8(b)) }

// num reads a number field's text, whose first byte is c, into dst; a
// null leaves it unset.
func (p *parser) num(path string, c byte, dst *[]byte) error {
	switch {
	case c == '-' || '0' <= c && c <= '9':
		v, err := p.Number()
		*dst = v
		return err
	case c == 'n':
		return p.Literal("null")
	}
	p.bad(path, "is a JSON "+jsonscan.Kind(c)+", want a number")
	return p.Skip()
}
