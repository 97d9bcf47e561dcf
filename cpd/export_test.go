package cpd

// ReadActivity is the fast reader of a stored activity (readActivity), for
// the tests in package cpd_test, which can load a generated organisation.
func ReadActivity(data []byte, a *Activity) bool { return readActivity(data, a) }
