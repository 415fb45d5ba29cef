"""The exit statuses of the command line: done, could not finish, refused."""

EXIT_OK, EXIT_INTERNAL, EXIT_CONTENT = 0, 1, 2
# `diff --exit-code` with changes, as git diff says it (1 is also "could not finish"; a
# failure also prints why on stderr).
EXIT_CHANGES = 1
