package statusrec_test

import (
	"fmt"

	"github.com/rickb777/date/v2"

	"github.com/cpdkit/cpdkit/internal/statusrec"
)

func ExampleReadFlat() {
	shared := statusrec.Strings{}
	for _, data := range []string{`{"person":"p-1","team":"maths","on":"2026-11-25"}`, `{"person":"p-2","team":3}`} {
		ok := statusrec.ReadFlat([]byte(data), func(name []byte, v statusrec.Value) bool {
			switch string(name) {
			case "team":
				fmt.Println("team", v.Shared(shared))
			case "on":
				d, ok := v.Day()
				fmt.Println("on", d, ok)
			default:
				fmt.Println(string(name), v.Text())
			}
			return true
		})
		fmt.Println("flat:", ok)
	}
	// Output:
	// person p-1
	// team maths
	// on 2026-11-25 true
	// flat: true
	// person p-2
	// flat: false
}

func ExampleParseCells() {
	row := statusrec.AppendCell(nil, statusrec.Cell{Letter: 'c', First: date.New(2027, 3, 1), Second: 0})
	row = statusrec.AppendCell(row, statusrec.Cell{Letter: 'n'})
	fmt.Println(string(row))
	err := statusrec.ParseCells(row, 2, func(i int, c statusrec.Cell) error {
		fmt.Println(i, string(c.Letter), c.First == 0, c.Second == 0)
		return nil
	})
	fmt.Println(err)
	fmt.Println(statusrec.ParseCells(row, 3, func(int, statusrec.Cell) error { return nil }))
	// Output:
	// c20878,;n,
	// 0 c false true
	// 1 n true true
	// <nil>
	// malformed cells: 2 cells, want 3
}
