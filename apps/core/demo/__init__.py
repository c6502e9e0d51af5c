"""The demo store behind `manage.py seed_demo`: data (data.py, catalogue.py, texts.py), generated pictures
(images.py), the builders that write it through each app's services (builders.py) and the bulk catalogue for
benchmarks (bulk.py).

This package sits at the top of the dependency graph (it composes every app), so it imports the apps lazily,
inside functions, and nothing imports it but the management commands."""
