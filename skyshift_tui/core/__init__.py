"""The domain: object models, validation rules, documents, forms, selectors, errors and defaults.

No I/O, no click, no Textual: every other layer may import this one, and it imports none of them."""
