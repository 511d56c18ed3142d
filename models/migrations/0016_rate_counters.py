from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index


class Migration(migrations.Migration):
    """Rate limit counters shared by every instance."""

    dependencies = [("models", "0015_trusted_jwt_issuers")]

    initial = False

    operations = [
        ops.CreateModel(
            name="RateCounter",
            fields=[
                ("key", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ("expires", fields.BigIntField()),
                ("count", fields.IntField(default=0)),
            ],
            options={
                "table": "rate_counter",
                "app": "models",
                "pk_attr": "key",
                "table_description": "Requests counted in one fixed window for one limited key.",
            },
            bases=["Model"],
        ),
        ops.AddIndex(model_name="RateCounter", index=Index(fields=["expires"])),
    ]
