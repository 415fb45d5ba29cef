"""The exit statuses of the command line: done, could not finish, refused."""

EXIT_OK, EXIT_INTERNAL, EXIT_CONTENT = 0, 1, 2
