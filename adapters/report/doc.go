// Package report writes an organisation's CPD report as one self-contained
// HTML file: a compliance heat map (people × requirements, each cell
// coloured by status and labelled in words, with a legend, so it reads
// without colour and in black and white), hours against the required
// minimum per person, the budget committed and spent per line, the items
// expiring in the next 60 days, the forecast of who falls out of
// compliance in the next 90 days (cpd.Compliance.Forecast: by day, with the
// planned course at risk), and compliance rate, hours and spend per team
// and per person.
//
// Compliance and hours bars are rated red, amber or green (RAG) by
// Thresholds that an organisation sets (GatherOptions.Thresholds,
// Data.Thresholds), DefaultThresholds otherwise: compliance is green at
// 95% or more, amber from 85% and red below; hours are green once the
// minimum is met, amber when on track pro rata for the academic year so
// far or at 75% of the minimum, red below. The page gives the thresholds
// in a key, marks them on the charts, and every bar says its rating in
// words, so it reads without colour too.
//
// Stored records that do not decode (cpd.ErrUnreadable) do not stop the
// report: the views it reads leave them out, and the page lists them in
// a note, "Records that could not be read", at its top (Data.Unreadable).
//
// The file needs nothing else: its CSS is inline, its charts are inline
// SVG, it runs no script, loads no font, image or stylesheet, and says so
// in its Content-Security-Policy, so a browser refuses (and logs) anything
// that would reach outside it. It prints on A4 landscape, with table
// headers repeated on each page and colours kept.
//
// The report is a plain data model, Data, which Gather fills from a
// cpd.Service (as an actor who reads everyone: the head of education,
// an administrator, the IQA, the managing director or an auditor) and
// Render writes with html/template, so that text from records is always
// escaped. Money is budget.Money and hours decimal.Decimal throughout;
// chart sizes are worked out in decimal, never in floating point.
//
// The package keeps no state; everything in it is safe for concurrent use.
package report
