"""The served store: pages and a JSON API over the library (``timeline serve``)."""
