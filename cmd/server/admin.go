package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/vpcboard/vpcboard/internal/auth"
)

const adminUsage = `usage:
  server user add --email E [--admin] [--team T --role R]
      make an account; the password is read from standard input (one line).
      Without --team the account gets a team of its own as owner; with it, it
      joins team T (made if missing) as R (owner, editor, commenter, viewer).
  server token create --email E --role R [--team T] [--name N]
      print a new API token of that account for team T (default: its only
      team), acting as at most R.
`

// admin runs `server user ...` and `server token ...` on the configured
// database: 0 done, 1 failed, 2 bad usage.
func admin(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		return 2
	}
	if len(args) < 2 || !(args[0] == "user" && args[1] == "add" || args[0] == "token" && args[1] == "create") {
		fmt.Fprint(stderr, adminUsage)
		return 2
	}
	fs := flag.NewFlagSet("server "+args[0]+" "+args[1], flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "the account's email")
	isAdmin := fs.Bool("admin", false, "an administrator (user add)")
	team := fs.String("team", "", "the team")
	roleName := fs.String("role", "", "owner, editor, commenter or viewer")
	name := fs.String("name", "command line", "what the token is for (token create)")
	if err := fs.Parse(args[2:]); err != nil {
		return 2
	}
	if *email == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, adminUsage)
		return 2
	}
	var role auth.Role
	if *roleName != "" {
		if role, err = auth.ParseRole(*roleName); err != nil {
			fmt.Fprintf(stderr, "vpcboard server: --role: %v\n", err)
			return 2
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, closeStore, err := openStore(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		return 1
	}
	defer closeStore()
	svc := auth.New(st, auth.Options{})
	fail := func(err error) int {
		fmt.Fprintf(stderr, "vpcboard server: %v\n", err)
		var ie *auth.InputError
		if errors.As(err, &ie) {
			return 2
		}
		return 1
	}
	if args[0] == "user" {
		if (*team == "") != (role == auth.None) {
			fmt.Fprintln(stderr, "vpcboard server: --team and --role go together")
			return 2
		}
		pw, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fail(fmt.Errorf("read the password from standard input: %w", err))
		}
		u, err := svc.CreateUser(ctx, auth.NewUser{Email: *email, Password: strings.TrimRight(pw, "\r\n"), Admin: *isAdmin, Team: *team, Role: role})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "made account %s (id %d, admin %t)\n", u.Email, u.ID, u.Admin)
		return 0
	}
	if role == auth.None {
		fmt.Fprintln(stderr, "vpcboard server: token create needs --role")
		return 2
	}
	u, err := svc.UserByEmail(ctx, *email)
	if errors.Is(err, auth.ErrNotFound) {
		return fail(fmt.Errorf("no account %s", *email))
	}
	if err != nil {
		return fail(err)
	}
	if *team == "" {
		teams, err := svc.TeamsOf(ctx, u.ID)
		if err != nil {
			return fail(err)
		}
		if len(teams) != 1 {
			var ids []string
			for _, t := range teams {
				ids = append(ids, t.ID+" ("+t.Name+")")
			}
			return fail(&auth.InputError{Field: "team", Msg: fmt.Sprintf("%s is in %d teams: say which with --team (%s)", u.Email, len(teams), strings.Join(ids, ", "))})
		}
		*team = teams[0].ID
	}
	secret, _, err := svc.CreateToken(ctx, u, *team, role, *name)
	if errors.Is(err, auth.ErrNotFound) {
		return fail(fmt.Errorf("%s is not in team %s", u.Email, *team))
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, secret)
	return 0
}
