package templates

// ImportParams is the second step of importing a template from the list
// page: its parameters, each with its default, before the import.
type ImportParams struct {
	Page
	Team     string // the team the design goes to
	FileName string
	Name     string // the design's name, the file's by default
	Region   string // AWS::Region
	Template string // the template's text, sent back with the values
	Params   []ImportParam
	Error    string
}

// ImportParam is one parameter of the form: a list of its allowed values,
// a comma list, or free text.
type ImportParam struct {
	Name, Type, Description string
	Value                   string // the default, or the value given
	Allowed                 []string
	List                    bool
	Required                bool // no default: the import assumes one
}

// ErrorView is an error as the page shows it: its title (the status's
// text), its message in the user's words, and the code and the field the
// API would name.
type ErrorView struct {
	Title, Message, Code, Field string
}
