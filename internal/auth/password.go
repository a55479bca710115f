package auth

import (
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// siteWords are words a password of this site must not lean on.
var siteWords = []string{"vpcboard"}

// minScore is the least zxcvbn score a password needs: 3 is "safely
// unguessable" (about 10^8 guesses or more), which rules out the common
// passwords of zxcvbn's lists, keyboard walks, repeats, sequences and
// dates, and leaves passphrases of a few words.
const minScore = 3

// CheckPassword says what is wrong with a new password for the account
// email: 10 to 72 bytes (bcrypt reads no more than 72), not containing
// the email's name or the site's, and not common or easy to guess as
// zxcvbn (github.com/trustelem/zxcvbn, a port of Dropbox's estimator with
// its lists of common passwords, names and words) scores it.
func CheckPassword(pw, email string) error { return checkPassword("password", "a password", pw, email) }

// checkPassword is CheckPassword for a form field (what names it in the
// message).
func checkPassword(field, what, pw, email string) error {
	fail := func(msg string) error { return &InputError{Field: field, Msg: what + " " + msg} }
	switch {
	case utf8.RuneCountInString(pw) < 10:
		return fail("needs at least 10 characters")
	case len(pw) > 72:
		return fail("can have at most 72 bytes")
	}
	lower := strings.ToLower(pw)
	for _, w := range siteWords {
		if strings.Contains(lower, w) {
			return fail("cannot contain the name of this site (" + w + ")")
		}
	}
	inputs := append([]string{}, siteWords...)
	if email != "" {
		inputs = append(inputs, strings.ToLower(email))
		for _, part := range emailWords(email) {
			if strings.Contains(lower, part) {
				return fail("cannot contain your email address or a part of it (" + part + ")")
			}
			inputs = append(inputs, part)
		}
	}
	if zxcvbn.PasswordStrength(pw, inputs).Score < minScore {
		return fail("is too easy to guess: it is a common password or a simple pattern (try a few unrelated words)")
	}
	return nil
}

// emailWords are the parts of an email's name (before the @) a password
// must not contain: the whole name and its pieces of 3 letters or more
// between dots, dashes, underscores and pluses.
func emailWords(email string) []string {
	name, _, _ := strings.Cut(strings.ToLower(email), "@")
	var out []string
	if len(name) >= 3 {
		out = append(out, name)
	}
	for _, p := range strings.FieldsFunc(name, func(r rune) bool { return strings.ContainsRune(".-_+", r) }) {
		if len(p) >= 3 && p != name {
			out = append(out, p)
		}
	}
	return out
}
