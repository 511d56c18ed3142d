from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_lookup_indexes')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Group',
            name=None,
            fields=['parent_id'],
        ),
        ops.AddIndex(
            model_name='Group',
            index=Index(fields=['parent_id', 'name']),
        ),
        ops.AddIndex(
            model_name='Group',
            index=Index(fields=['realm_id', 'parent_id', 'name']),
        ),
    ]
