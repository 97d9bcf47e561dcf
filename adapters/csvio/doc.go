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
// cpd.Service.ImportPeople or AddPerson) and []cpd.Activity (ready for
// cpd.Service.ImportCompletions); ImportPeople and ImportCompletions read
// and import in one step, reporting the Service's own rejections by line
// too. The first line is the header. Each Field is read from the column
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
//   - hours and FTE are plain decimals with a point (1.5, 0.6): no
//     exponent, sign, thousands separator or decimal comma.
//   - enumerations are cpd's stable names, ignoring case and with a space
//     or "-" for "_" ("External course" is external_course).
//   - lists (roles, topics, targets) are separated by ";".
//   - text is trimmed of surrounding space. The file is UTF-8, with or
//     without a byte order mark; invalid UTF-8 is an error.
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
// in the context; ExportBudget reads cpd.Service.BudgetReport.
//
// # Progress
//
// Long reads, imports and writes report progress through the Progress
// callback of their options, as (done, total) rows.
//
// The package keeps no state; everything in it is safe for concurrent use.
package csvio
