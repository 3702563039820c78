"""What the tests and benchmarks measure the library against: a naive replay of events (the
oracle), synthetic histories, and snapshots of a store. The library never imports this."""
