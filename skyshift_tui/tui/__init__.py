"""The Textual app (`skyctl tui`): the App, its key handling and its messages; screens/ and widgets/
beside it hold what it shows."""
