package cpd

import "testing"

// TestExternalRefOf checks the quick read of an activity's reference
// against the JSON forms it may take.
func TestExternalRefOf(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"none", `{"title":"Safeguarding"}`, ""},
		{"plain", `{"title":"Safeguarding","external_ref":"xapi:1"}`, "xapi:1"},
		{"escaped", `{"external_ref":"xapi:\u00e9\"1"}`, "xapi:é\"1"},
		{"white space", `{"external_ref" : "xapi:1"}`, "xapi:1"},
		{"key text in a title", `{"title":"a \"external_ref","external_ref":"xapi:2"}`, "xapi:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := externalRefOf(Record{ID: "a1", Data: []byte(tt.data)})
			if err != nil || got != tt.want {
				t.Errorf("externalRefOf(%s) = %q, %v; want %q", tt.data, got, err, tt.want)
			}
		})
	}
}
