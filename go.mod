module github.com/cpdkit/cpdkit

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/rickb777/date/v2 v2.1.8
	github.com/rickb777/period v1.0.9
	github.com/shopspring/decimal v1.6.0
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/govalues/decimal v0.1.36 // indirect
	github.com/rickb777/plural v1.4.2 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
