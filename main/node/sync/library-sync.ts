/** Keeps a library's SQLite file and its Automerge documents equal (see README.md). */
