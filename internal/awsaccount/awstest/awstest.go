// Package awstest serves recorded AWS API answers to the SDK in tests: a
// local server standing in for EC2, ELBv2, RDS and Lambda.
package awstest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Server answers EC2, ELBv2 and RDS Query calls and Lambda's REST call
// from the files of a folder, like the services would (no network). It counts
// calls, and answers the first throttle[action] calls with 503
// RequestLimitExceeded.
type Server struct {
	t   testing.TB
	dir string
	srv *httptest.Server
	mu  sync.Mutex
	// Calls counts the calls of each action.
	Calls map[string]int
	// Attempts are the amz-sdk-request headers of each action's calls.
	Attempts map[string][]string
	// Throttle is how many calls of an action to answer with 503
	// RequestLimitExceeded first; set it before the calls.
	Throttle map[string]int
	// Tokens are the NextToken of the DescribeVpcs calls.
	Tokens []string
}

// NewServer starts a server answering from the files of dir; the test's
// end stops it.
func NewServer(t testing.TB, dir string) *Server {
	f := &Server{t: t, dir: dir, Calls: map[string]int{}, Attempts: map[string][]string{}, Throttle: map[string]int{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the server's address, for the SDK's BaseEndpoint.
func (f *Server) URL() string { return f.srv.URL }

// queryVersions tells the Query services apart by their API version.
var queryVersions = map[string]string{"2016-11-15": "ec2", "2015-12-01": "elbv2", "2014-10-31": "rds"}

// signedRegion reads the region of a SigV4 signature's credential scope.
var signedRegion = regexp.MustCompile(`Credential=[^/]+/[0-9]+/([^/]+)/`)

// dirFor returns the folder answering a request: the subfolder named by
// the request's region when there is one (its missing files are empty
// answers), else the server's folder.
func (f *Server) dirFor(r *http.Request) string {
	if m := signedRegion.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		if st, err := os.Stat(filepath.Join(f.dir, m[1])); err == nil && st.IsDir() {
			return filepath.Join(f.dir, m[1])
		}
	}
	return f.dir
}

func (f *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	dir := f.dirFor(r)
	if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2015-03-31/functions") {
		f.count("ListFunctions", r)
		w.Header().Set("Content-Type", "application/json")
		f.serveFile(w, dir, "ListFunctions.json", "{}")
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	action, service := r.PostForm.Get("Action"), queryVersions[r.PostForm.Get("Version")]
	if action == "" || service == "" {
		f.t.Errorf("unexpected request %s %s %v", r.Method, r.URL, r.PostForm)
		http.Error(w, "unknown call", http.StatusBadRequest)
		return
	}
	if f.count(action, r) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>d1ea7d7c-1b5d-4a4e-9f3c-example</RequestID></Response>`)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	switch {
	case action == "DescribeVpcs":
		f.mu.Lock()
		f.Tokens = append(f.Tokens, r.PostForm.Get("NextToken"))
		f.mu.Unlock()
		if r.PostForm.Get("NextToken") != "" {
			action += ".page2"
		}
	case action == "DescribeVpcAttribute":
		attr := r.PostForm.Get("Attribute")
		on := r.PostForm.Get("VpcId") == "vpc-3ac0fb5f"
		fmt.Fprintf(w, `<DescribeVpcAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcId>%s</vpcId><%s><value>%t</value></%s></DescribeVpcAttributeResponse>`,
			r.PostForm.Get("VpcId"), attr, on, attr)
		return
	}
	empty := fmt.Sprintf(`<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></%sResponse>`, action, action)
	if service != "ec2" {
		empty = fmt.Sprintf(`<%sResponse><%sResult></%sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>`, action, action, action, action)
	}
	f.serveFile(w, dir, action+".xml", empty)
}

// count records a call and reports whether to throttle it.
func (f *Server) count(action string, r *http.Request) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls[action]++
	f.Attempts[action] = append(f.Attempts[action], r.Header.Get("Amz-Sdk-Request"))
	if f.Throttle[action] > 0 {
		f.Throttle[action]--
		return true
	}
	return false
}

func (f *Server) serveFile(w http.ResponseWriter, dir, name, otherwise string) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		data = []byte(otherwise)
	} else if err != nil {
		f.t.Error(err)
	}
	w.Write(data)
}

// ConfigEnv points the SDK's standard configuration at static
// credentials and away from the machine's files and instance metadata.
func ConfigEnv(t testing.TB) {
	dir := t.TempDir()
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_REGION": "", "AWS_CONFIG_FILE": filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"), "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": ""} {
		t.Setenv(k, v)
	}
}
