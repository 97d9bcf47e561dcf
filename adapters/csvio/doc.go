// Package csvio moves cpd's records in and out of CSV files, the format HR
// systems and inspectors exchange: it reads a staff roster and completion
// records, and writes a person's CPD record, a budget report and the
// organisation's compliance matrix in the style of a single central
// register.
//
// It is named csvio, not csv, so that it does not shadow encoding/csv in
// the code that uses both.
//
// # Reading
//
// ReadPeople and ReadCompletions turn a file into []cpd.Person (ready for
// cpd.Staff.ImportPeople or AddPerson) and []cpd.Activity (ready for
// cpd.Activities.ImportCompletions); ImportPeople and ImportCompletions read
// and import in one step, reporting the Service's own rejections by line
// too. ImportCompletions goes through package cpdimport, the one bridge
// from the importers (xAPI, Open Badges and this one) into the Service,
// where an activity recorded before (by its external_ref) is reported as
// a duplicate, by line, rather than stored twice.
//
// Files are CSV as RFC 4180 describes it (fields separated by commas,
// quoted with double quotes, a quote inside doubled, a quoted cell may
// span lines), read by encoding/csv, which is laxer than the RFC in two
// ways: the last line need not end with a line break, and rows of other
// lengths than the header are problems of their own rather than a broken
// file. Beyond the RFC, as spreadsheets and HR systems save files:
//
//   - lines may end with CRLF (the RFC's), LF, or a lone CR (Excel's "CSV
//     (Macintosh)"), as the header's line ends;
//   - the separator, unless ReadOptions.Comma names one, is the one the
//     header uses: ',' if it holds one outside quotes, else ';' (Excel
//     where the list separator is ";") or a tab (Excel's "Unicode Text")
//     if it holds just one of them;
//   - the file is UTF-8, with or without a byte order mark, or UTF-16
//     (either byte order) with one. UTF-16 without one, or a workbook
//     (.xlsx, .xls), is refused, saying so; a header that is not
//     understood and holds another separator more often says which to set.
//
// The first line is the header, and a file must have rows after it
// unless ReadOptions.AllowEmpty is set: a file whose rows were lost (or
// whose line endings were not understood) does not pass for "nothing to
// import". Each Field is read from the column
// the caller names for it in ReadOptions.Columns, or by default from the
// column headed with the field's own name; headers match ignoring case,
// surrounding space, and the difference between "_", "-" and " " (so
// "Job role" is job_role). Columns no field reads are ignored, and so are
// rows whose every cell is blank.
//
// Cells are read strictly, so that nothing is guessed:
//
//   - dates are ISO 8601 days (2026-09-01); with ReadOptions.DayFirst,
//     dd/mm/yyyy (1/9/2026, 01/09/2026) as UK HR exports write them, too.
//     Month-first dates are never accepted: 01/09/2026 would be ambiguous.
//     Nor are a spreadsheet's serial day numbers (46266), which count from
//     1900 or from 1904 depending on the spreadsheet: the problem says to
//     format the column as dates.
//   - hours and FTE are plain decimals with a point (1.5, 0.6): no
//     exponent, sign, thousands separator or decimal comma.
//   - enumerations are cpd's stable names, ignoring case and with a space
//     or "-" for "_" ("External course" is external_course).
//   - lists (roles, topics, targets) are separated by ";".
//   - text is trimmed of surrounding space. A cell that is not valid
//     UTF-8 (or UTF-16, in such a file) is a problem of its own, never
//     read with U+FFFD in its place.
//
// Every problem is a *LineError naming the line (the header is line 1; a
// quoted cell may span lines, and a row's line is the one it starts on),
// the column by the caller's header, and the reason. By default reading is
// all or nothing: any problem fails the whole file with an *ImportError
// listing them, and no rows are returned. With ReadOptions.SkipBad the
// good rows are returned and the bad ones listed. A file that is not CSV
// at all (a stray quote) fails whole either way. Every error matches
// cpd.ErrInvalid.
//
// # Writing
//
// WriteRecord, WriteBudget and WriteMatrix write one table each, with a
// header row, ISO dates, decimal hours and money amounts as exact decimal
// strings (never floats). A cell that a spreadsheet would run as a formula
// (one starting with =, +, -, @, a tab or a carriage return) is written
// with a leading apostrophe, unless WriteOptions.Raw is set. ExportRecord
// and ExportMatrix gather what they write from a cpd.Service, as the actor
// in the context; ExportBudget reads cpd.Budgets.BudgetReport.
//
// # Progress
//
// Long reads, imports and writes report progress through the Progress
// callback of their options, as (done, total) rows.
//
// The package keeps no state; everything in it is safe for concurrent use.
package csvio
