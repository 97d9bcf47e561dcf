package budget

import "fmt"

// The enumerations share these helpers: a name table whose index 0 is the
// unset value, stable lowercase names in JSON and storage.

func enumString(names []string, v uint8) string {
	if v == 0 {
		return "unset"
	}
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("invalid(%d)", v)
}

func enumMarshal(names []string, v uint8, what string) ([]byte, error) {
	if v == 0 || int(v) >= len(names) {
		return nil, fmt.Errorf("%s %d has no name", what, v)
	}
	return []byte(names[v]), nil
}

func enumUnmarshal(names []string, v *uint8, b []byte, what string) error {
	s := string(b)
	for i, n := range names {
		if i > 0 && n == s {
			*v = uint8(i)
			return nil
		}
	}
	return invalid(what, "%q is not a valid %s (want one of %v)", s, what, names[1:])
}
