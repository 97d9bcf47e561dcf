package badges

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// rawBadge is the part of an assertion or credential cpdkit reads. The
// members that may take several forms stay raw and are read by a reader,
// which names the field of any problem.
type rawBadge struct {
	ID   string          `json:"id"`
	Type json.RawMessage `json:"type"`
	// Open Badges 2.0.
	Recipient        json.RawMessage `json:"recipient"`
	Badge            json.RawMessage `json:"badge"`
	IssuedOn         string          `json:"issuedOn"`
	Expires          string          `json:"expires"`
	Revoked          bool            `json:"revoked"`
	RevocationReason string          `json:"revocationReason"`
	// Open Badges 3.0 (Verifiable Credentials 2.0, and 1.1 spellings).
	Name              string          `json:"name"`
	Issuer            json.RawMessage `json:"issuer"`
	ValidFrom         string          `json:"validFrom"`
	IssuanceDate      string          `json:"issuanceDate"`
	ValidUntil        string          `json:"validUntil"`
	ExpirationDate    string          `json:"expirationDate"`
	CredentialSubject json.RawMessage `json:"credentialSubject"`
	CredentialStatus  json.RawMessage `json:"credentialStatus"`
}

// rawRecipient is a 2.0 IdentityObject.
type rawRecipient struct {
	Type     string `json:"type"`
	Identity string `json:"identity"`
	Hashed   bool   `json:"hashed"`
	Salt     string `json:"salt"`
}

// rawSubject is a 3.0 credentialSubject.
type rawSubject struct {
	ID          string          `json:"id"`
	Identifier  json.RawMessage `json:"identifier"`
	Achievement json.RawMessage `json:"achievement"`
}

// rawIdentity is a 3.0 IdentityObject.
type rawIdentity struct {
	IdentityType string `json:"identityType"`
	IdentityHash string `json:"identityHash"`
	Hashed       bool   `json:"hashed"`
	Salt         string `json:"salt"`
}

// rawStatus is one 3.0 credentialStatus entry.
type rawStatus struct {
	ID                   string         `json:"id"`
	Type                 string         `json:"type"`
	StatusPurpose        string         `json:"statusPurpose"`
	StatusListIndex      stringOrNumber `json:"statusListIndex"`
	StatusListCredential string         `json:"statusListCredential"`
}

// stringOrNumber is a JSON string, or a number kept as written: a status
// list index, which the Bitstring Status List writes as a string and some
// issuers as a number.
type stringOrNumber string

// UnmarshalJSON reads a string (decoding its escapes) or a number.
func (s *stringOrNumber) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*s = stringOrNumber(n)
		return nil
	}
	return json.Unmarshal(b, (*string)(s))
}

// ref is a linked object: an IRI, or an embedded object with an id (a
// BadgeClass, Achievement or issuer Profile).
type ref struct {
	ID     string          `json:"id"`
	Name   string          `json:"name"`
	Issuer json.RawMessage `json:"issuer"`
}

// reader reads the raw members of one badge, keeping the first problem.
type reader struct {
	path, reason string
}

// bad records a problem with the field at path, unless one is recorded.
func (r *reader) bad(path, reason string) {
	if r.reason == "" {
		r.path, r.reason = path, reason
	}
}

// ok reports whether no problem has been recorded.
func (r *reader) ok() bool { return r.reason == "" }

// decode reads an object member into dst, recording a type error with the
// full path of the field at fault.
func (r *reader) decode(path string, raw json.RawMessage, dst any) bool {
	if err := json.Unmarshal(raw, dst); err != nil {
		r.bad(typePath(path, err), typeReason(raw, err))
		return false
	}
	return true
}

// typePath extends path with the field a decoding error names.
func typePath(path string, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		if path == "" {
			return te.Field
		}
		return path + "." + te.Field
	}
	return path
}

// typeReason says what was wrong with a value.
func typeReason(raw json.RawMessage, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("is a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))
	}
	return fmt.Sprintf("%s is not usable: %v", abbreviate(raw), err)
}

// jsonKind names the JSON form a Go kind is read from.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	}
	return "a " + k
}

// abbreviate shortens a raw value for a message.
func abbreviate(raw json.RawMessage) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// present reports whether a raw member was given and is not null.
func present(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && string(raw) != "null"
}

// types reads a JSON-LD type: one string or an array of them.
func (r *reader) types(path string, raw json.RawMessage) []string {
	var out []string
	r.many(path, raw, &out, "a string or an array of strings")
	return out
}

// many reads one value or an array of them into dst.
func (r *reader) many(path string, raw json.RawMessage, dst any, want string) {
	raw = bytes.TrimSpace(raw)
	if !present(raw) {
		return
	}
	if raw[0] != '[' {
		raw = append(append([]byte{'['}, raw...), ']')
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			r.bad(path+"."+te.Field, typeReason(raw, err))
			return
		}
		r.bad(path, "want "+want)
	}
}

// link reads a linked object: an IRI string or an embedded object.
func (r *reader) link(path string, raw json.RawMessage) (ref, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case !present(raw):
		return ref{}, false
	case raw[0] == '"':
		var id string
		ok := r.decode(path, raw, &id)
		return ref{ID: id}, ok
	case raw[0] == '{':
		var v ref
		ok := r.decode(path, raw, &v)
		return v, ok
	}
	r.bad(path, "want an IRI or an object")
	return ref{}, false
}

// has reports whether any of the names is among the types.
func has(types []string, names ...string) bool {
	for _, s := range types {
		for _, n := range names {
			if s == n {
				return true
			}
		}
	}
	return false
}
