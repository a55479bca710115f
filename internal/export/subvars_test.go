package export

import (
	"regexp"
	"slices"
	"testing"
)

// subVarRE is what subVars scans for, as the regular expression it replaced.
var subVarRE = regexp.MustCompile(`\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}`)

func checkSubVars(t *testing.T, s string) {
	var got [][]string
	subVars(s, func(whole, target, attr string) { got = append(got, []string{whole, target, attr}) })
	want := subVarRE.FindAllStringSubmatch(s, -1)
	if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("subVars(%q) = %q, the regular expression finds %q", s, got, want)
	}
}

// TestSubVars checks the hand scanner of Fn::Sub variables against the
// regular expression it replaced.
func TestSubVars(t *testing.T) {
	for _, s := range []string{"", "${", "${}", "${A}", "${A.b}", "${A.b.c}", "${A.}", "${.b}", "$${A}", "${A${B}",
		"${AWS::StackName}-x", "arn:${AWS::Partition}:s3:::${Bucket}/${Bucket.Arn}", "${A.b}${C}x${D.e.f}", "${A.b", "${A.b-c}", "${ExportPrefix}-SubnetA"} {
		checkSubVars(t, s)
	}
}

func FuzzSubVars(f *testing.F) {
	f.Add("${A.b}-${C}")
	f.Fuzz(func(t *testing.T, s string) { checkSubVars(t, s) })
}
