from django.db import migrations

from armcms.content.migration_operations import text_images_to_library


class Migration(migrations.Migration):
    dependencies = [
        ("armcms", "0009_library"),
        ("news", "0009_files_to_library"),
        ("publications", "0011_files_to_library"),
        ("pages", "0005_section_video"),
    ]

    operations = [
        migrations.RunPython(
            text_images_to_library, migrations.RunPython.noop, elidable=False
        ),
    ]
