"""Where the record lives: the store's configuration, the read model's tables, the projector
that folds the event log into them, and the queries that answer from them."""
