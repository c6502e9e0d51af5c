"""PostgreSQL-only parts of search: the unaccent and pg_trgm extensions and the GIN/GiST indexes.

On SQLite every operation here is a no-op (the same models work with plain matching). Reversing drops
the indexes but keeps the extensions: they belong to the database, and other apps may rely on them.
"""
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from apps.search.migrations._sql import PostgresOnlySQL


class KeptOnReverse:
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class KeptUnaccentExtension(KeptOnReverse, UnaccentExtension):
    pass


class KeptTrigramExtension(KeptOnReverse, TrigramExtension):
    pass


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        KeptUnaccentExtension(),
        KeptTrigramExtension(),
        PostgresOnlySQL(
            sql="CREATE INDEX search_doc_vector_gin ON search_productsearchdocument USING gin (vector)",
            reverse_sql="DROP INDEX IF EXISTS search_doc_vector_gin",
        ),
        PostgresOnlySQL(
            sql="CREATE INDEX search_doc_plain_trgm ON search_productsearchdocument USING gin (plain gin_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS search_doc_plain_trgm",
        ),
        PostgresOnlySQL(
            sql="CREATE INDEX search_term_word_trgm ON search_searchterm USING gist (word gist_trgm_ops)",
            reverse_sql="DROP INDEX IF EXISTS search_term_word_trgm",
        ),
    ]
