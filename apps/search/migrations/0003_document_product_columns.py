"""Copies of the product columns search filters, sorts and counts by, on the search document.

PostgreSQL keeps them current with triggers: an update of a product copies its columns to its document; a
shop's status change recomputes `is_public` for the shop's documents. Existing documents are filled here.
"""

import django.db.models.deletion
from django.db import migrations, models

from apps.search.migrations._sql import PostgresOnlySQL

COPIED = ("category_id", "brand_id", "condition", "price", "in_stock", "average_rating", "review_count",
          "sold_count", "created_at")

PRODUCT_TRIGGER = f"""
CREATE OR REPLACE FUNCTION search_doc_copy_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_productsearchdocument d SET
        is_public = (NEW.status = 'active' AND NOT NEW.is_deleted
                     AND EXISTS (SELECT 1 FROM shops_shop s WHERE s.id = NEW.shop_id AND s.status = 'active')),
        {", ".join(f"{c} = NEW.{c}" for c in COPIED)}
    WHERE d.product_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_doc_copy_product AFTER UPDATE ON catalog_product FOR EACH ROW
    WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ("status", "is_deleted", "shop_id", *COPIED))})
    EXECUTE FUNCTION search_doc_copy_product();

CREATE OR REPLACE FUNCTION search_doc_copy_shop_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_productsearchdocument d
        SET is_public = (p.status = 'active' AND NOT p.is_deleted AND NEW.status = 'active')
        FROM catalog_product p WHERE p.id = d.product_id AND p.shop_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER search_doc_copy_shop_status AFTER UPDATE ON shops_shop FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION search_doc_copy_shop_status();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS search_doc_copy_product ON catalog_product;
DROP FUNCTION IF EXISTS search_doc_copy_product();
DROP TRIGGER IF EXISTS search_doc_copy_shop_status ON shops_shop;
DROP FUNCTION IF EXISTS search_doc_copy_shop_status();
"""


def fill_existing(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        sql = f"""UPDATE search_productsearchdocument d SET
            is_public = (p.status = 'active' AND NOT p.is_deleted AND s.status = 'active'),
            {", ".join(f"{c} = p.{c}" for c in COPIED)}
            FROM catalog_product p JOIN shops_shop s ON s.id = p.shop_id WHERE p.id = d.product_id"""
    else:
        columns = ", ".join(f"{c} = (SELECT p.{c} FROM catalog_product p WHERE p.id = product_id)" for c in COPIED)
        public = ("(SELECT p.status = 'active' AND NOT p.is_deleted AND s.status = 'active' FROM catalog_product p "
                  "JOIN shops_shop s ON s.id = p.shop_id WHERE p.id = product_id)")
        sql = f"UPDATE search_productsearchdocument SET is_public = {public}, {columns}"
    with connection.cursor() as cursor:
        cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_initial_categories'),
        ('search', '0002_postgres_search'),
        ('shops', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='productsearchdocument',
            name='average_rating',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=3, verbose_name='average rating'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='brand',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.brand', verbose_name='brand'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='category',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='condition',
            field=models.CharField(blank=True, max_length=12, verbose_name='condition'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='created_at',
            field=models.DateTimeField(null=True, verbose_name='listed at'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='in_stock',
            field=models.BooleanField(default=False, verbose_name='in stock'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='is_public',
            field=models.BooleanField(default=False, help_text='Active, not deleted, and its shop is active.', verbose_name='public'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='price',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=14, verbose_name='price from'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='review_count',
            field=models.PositiveIntegerField(default=0, verbose_name='reviews'),
        ),
        migrations.AddField(
            model_name='productsearchdocument',
            name='sold_count',
            field=models.PositiveIntegerField(default=0, verbose_name='sold'),
        ),
        migrations.RunPython(fill_existing, migrations.RunPython.noop),
        PostgresOnlySQL(sql=PRODUCT_TRIGGER, reverse_sql=DROP_TRIGGERS),
    ]
