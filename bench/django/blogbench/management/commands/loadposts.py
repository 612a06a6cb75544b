import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime

from blogbench.models import Category, Post, Tag


class Command(BaseCommand):
    help = "Replaces every post with those of the JSON file the bench exports ({categories, tags, posts})."

    def add_arguments(self, parser):
        parser.add_argument("file")

    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["file"], encoding="utf-8") as f:
            data = json.load(f)
        Post.objects.all().delete()
        Tag.objects.all().delete()
        Category.objects.all().delete()
        categories = {c["slug"]: Category.objects.create(name=c["name"], slug=c["slug"]) for c in data["categories"]}
        tags = {t["slug"]: Tag.objects.create(name=t["name"], slug=t["slug"]) for t in data["tags"]}
        Post.objects.bulk_create(
            Post(
                title=p["title"],
                slug=p["slug"],
                excerpt=p["excerpt"],
                html=p["html"],
                reading_minutes=p["readingMinutes"],
                published_at=parse_datetime(p["publishedAt"]),
                category=categories.get(p["category"]) if p["category"] else None,
            )
            for p in data["posts"]
        )
        # bulk_create sets no ids on SQLite: read them back by slug.
        ids = dict(Post.objects.values_list("slug", "id"))
        links = [Post.tags.through(post_id=ids[p["slug"]], tag_id=tags[slug].id) for p in data["posts"] for slug in p["tags"]]
        Post.tags.through.objects.bulk_create(links)
        self.stdout.write(f"Loaded {len(ids)} posts, {len(categories)} categories, {len(tags)} tags.")
