package badges

import "context"

// StatusChecker checks an Open Badges 3.0 credential's credentialStatus,
// which takes a request to the list it names (a 1EdTech revocation list or
// a W3C Bitstring Status List). The caller supplies one to Import to have
// revoked credentials refused; this package does no I/O of its own.
type StatusChecker interface {
	// Revoked reports whether the status entry says the credential is
	// revoked (or suspended). An error stops the import.
	Revoked(ctx context.Context, credential string, status CredentialStatus) (bool, error)
}

// CredentialStatus is one entry of a 3.0 credential's credentialStatus.
type CredentialStatus struct {
	ID   string
	Type string // "1EdTechRevocationList", "BitstringStatusListEntry", …
	// Purpose, ListIndex and ListCredential are the Bitstring Status List
	// entry's statusPurpose, statusListIndex and statusListCredential.
	Purpose        string
	ListIndex      string
	ListCredential string
}
