"""What the TUI shows, kept in step with the store: the catalog of rows, the table's order
and filter, invalid keys, and the watcher loop. No Textual here: the widgets draw it, the app
feeds it."""
