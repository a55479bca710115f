package awsaccount

import "fmt"

// Import reads a snapshot written by Encode and maps it onto a design.
func Import(data []byte, name string) (*Result, error) {
	s, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return Map(s, name)
}

// ImportFolder reads a folder of the AWS CLI's JSON (ReadCLIFolder) and
// maps it onto a design; the folder's warnings come first.
func ImportFolder(dir, region, name string) (*Result, error) {
	s, warnings, err := ReadCLIFolder(dir, region)
	if err != nil {
		return nil, err
	}
	if len(s.Regions[firstRegion(s)].EC2.Vpcs) == 0 {
		return nil, fmt.Errorf("%s: no describe-vpcs output (a file with a \"Vpcs\" list); nothing to draw", dir)
	}
	res, err := Map(s, name)
	if err != nil {
		return nil, err
	}
	res.Warnings = append(warnings, res.Warnings...)
	return res, nil
}

func firstRegion(s *Snapshot) string {
	for r := range s.Regions {
		return r
	}
	return ""
}
