import pytest
from django.utils import timezone

from eservice.intake.models import PostCount
from eservice.intake.tasks import forget_post_counts


@pytest.mark.django_db
def test_counts_older_than_the_last_minutes_are_forgotten():
    now = int(timezone.now().timestamp() // 60)
    PostCount.objects.create(bucket=f"1.2.3.4:{now}", minute=now, count=5)
    PostCount.objects.create(bucket=f"1.2.3.4:{now - 10}", minute=now - 10, count=5)
    assert forget_post_counts.call() == 1
    assert list(PostCount.objects.values_list("minute", flat=True)) == [now]
