module github.com/vpcboard/vpcboard

go 1.26.8

require (
	go4.org/netipx v0.0.0-20260823151212-3075585bcbeb // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
