package web

import "testing"

// jsonTextProblem names the string that is not text by its path in the
// document.
func TestJSONTextProblemPath(t *testing.T) {
	tests := []struct{ in, path, problem string }{
		{`"a\u0000"`, "body", "holds a NUL byte"},
		{`{"a":1,"b":{"c":[0,{"d":"x"},"\u0000"]}}`, "b.c[2]", "holds a NUL byte"},
		{`{"a":{"b":"x"},"c":"y\u0000"}`, "c", "holds a NUL byte"},
		{`[[1],[2,["\u0000"]]]`, "[1][1][0]", "holds a NUL byte"},
		{"{\"ops\":[{\"id\":\"x\"},{\"id\":\"\xff\"}]}", "ops[1].id", "is not valid UTF-8"},
		{`{"tags":{"k\u0000":"v"}}`, `tags."k\x00"`, "(a key) holds a NUL byte"},
		{`{"a":"\\u0000 is six characters"}`, "", ""},
	}
	for _, tt := range tests {
		path, problem := jsonTextProblem([]byte(tt.in))
		if path != tt.path || problem != tt.problem {
			t.Errorf("jsonTextProblem(%s) = %q, %q; want %q, %q", tt.in, path, problem, tt.path, tt.problem)
		}
	}
}
