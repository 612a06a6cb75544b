from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=200, unique=True)


class Tag(models.Model):
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=200, unique=True)


class Post(models.Model):
    title = models.CharField(max_length=300)
    slug = models.CharField(max_length=300, unique=True)
    excerpt = models.TextField(default="")
    # The body as Manifold renders it (the bench exports it), shown as is: what a Django blog storing HTML does.
    html = models.TextField()
    reading_minutes = models.IntegerField(default=1)
    published_at = models.DateTimeField(db_index=True)
    category = models.ForeignKey(Category, null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, blank=True)
