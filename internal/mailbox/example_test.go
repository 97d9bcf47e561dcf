package mailbox_test

import (
	"fmt"

	"github.com/cpdkit/cpdkit/internal/mailbox"
)

func ExampleAddress_Forms() {
	a, err := mailbox.Parse("mailto:Joe.Bloggs@Example.org")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, form := range a.Forms() {
		fmt.Println(form, mailbox.MboxSHA1(form))
	}
	// Output:
	// Joe.Bloggs@Example.org 083b6bec6ac421a7aecb10c8e43849f13fa67cb3
	// Joe.Bloggs@example.org fb352a77f1408196e0a13068e39e6556991e8a7f
	// joe.bloggs@example.org 9231bf04c8a4c32fe76014e7bd1a6457ac687ce5
}
