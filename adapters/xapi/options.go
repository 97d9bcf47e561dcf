package xapi

import "time"

// Options tune an import. A nil *Options means the defaults.
type Options struct {
	// Location is the organisation's time zone, which turns timestamps
	// into calendar days; default Europe/London.
	Location *time.Location
	// SkipBad imports the good statements and lists the bad ones in
	// Result.Rejected, instead of failing the whole import.
	SkipBad bool
	// Progress, when set, is called as each document is read, with the
	// bytes read so far and the document's size (-1 while unknown; at the
	// end an unknown size becomes the bytes read). The size is Size when
	// set, or the length of an *os.File or a reader with a Len method
	// (bytes.Reader, strings.Reader). It is called from the importing
	// goroutine, once per 64 KiB or so.
	Progress func(done, total int64)
	// Size is the document's size in bytes, for Progress, when the
	// reader cannot tell it.
	Size int64
	// MaxStatementSize bounds the bytes of one statement, default 1 MiB: a
	// longer statement is a bad statement (skipped with SkipBad), and any
	// other single value longer than this (a more link, say) is a
	// *SyntaxError. White space between values is not bounded.
	MaxStatementSize int
}

// defaultLocation is the time zone used when Options.Location is unset.
const defaultLocation = "Europe/London"

// withDefaults returns a copy of opts with its defaults filled in.
func withDefaults(opts *Options) (Options, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Location == nil {
		loc, err := time.LoadLocation(defaultLocation)
		if err != nil {
			return o, err
		}
		o.Location = loc
	}
	return o, nil
}
