// Package pglocal gives the vpcboard server a PostgreSQL with zero
// configuration.
//
// Find looks, in order, for:
//
//  1. A local server that answers: the Unix sockets in $PGHOST (if set),
//     /var/run/postgresql and /tmp, then TCP on 127.0.0.1 ($PGPORT or 5432),
//     as $PGUSER (if set), the current OS user and then "postgres"
//     ($PGPASSWORD and ~/.pgpass are honoured by pgx). The database named in
//     Options.Database is created there if it is missing.
//  2. A private cluster: initdb and pg_ctl are looked up on $PATH, then in
//     /usr/lib/postgresql/*/bin (newest version first), /usr/local/pgsql/bin,
//     /opt/homebrew/bin and /usr/local/bin. The cluster lives in
//     Options.DataDir (initialised on first use, with the superuser role
//     "vpcboard" and trust authentication) and listens only on a Unix socket
//     inside that directory, never on TCP. If the cluster is already running
//     (another process started it), it is used as is: Server.Private is then
//     false and Server.Stop does nothing, so only the Find that started a
//     cluster stops it. Finds on one data directory take turns (an flock(2)
//     on its parent directory), so two servers starting at once run initdb
//     and pg_ctl start once. initdb uses the C locale, whatever the
//     environment's, so a new cluster is the same on every machine.
//  3. Otherwise an error wrapping ErrNoPostgres that says how to get one.
//
// # Running as root
//
// initdb, pg_ctl and postgres refuse to run as root. When the process is
// root, Find runs them as the "postgres" OS user through runuser(1) (or
// su(1) when runuser is missing), creates the data directory if needed and
// chowns it to that user. The postgres user must be able to reach the data
// directory: every parent directory needs search (x) permission for it. The
// default data directory of root, /root/.local/share/vpcboard/postgres, is
// usually not reachable, because /root is private; Find then fails with an
// error that says so, and root should set Options.DataDir to a directory
// such as /var/lib/vpcboard/postgres.
//
// The package is for Unix (Linux, macOS, the BSDs): it uses Unix sockets,
// flock(2) and file ownership, and does not build for Windows.
package pglocal
