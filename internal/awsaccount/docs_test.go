package awsaccount

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"testing"
)

// TestDocsPolicyListsActions: the least-privilege policy of docs/importer.md
// grants exactly the actions Collect calls.
func TestDocsPolicyListsActions(t *testing.T) {
	data, err := os.ReadFile("../../docs/importer.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```json\n(\\{\n  \"Version\": \"2012-10-17\".*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("docs/importer.md has no IAM policy block")
	}
	var policy struct {
		Statement []struct {
			Action []string
		}
	}
	if err := json.Unmarshal(m[1], &policy); err != nil || len(policy.Statement) != 1 {
		t.Fatalf("the policy is not one statement of JSON: %v", err)
	}
	if got := policy.Statement[0].Action; !slices.Equal(got, Actions()) {
		t.Errorf("docs policy actions = %q\nCollect calls %q", got, Actions())
	}
}
