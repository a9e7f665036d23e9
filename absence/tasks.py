from celery import shared_task


@shared_task(
    name="absence.notify_arbo", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5
)
def notify_arbo_task(episode_id: int) -> bool:
    """Pass a sick report to ArboNed by e-mail (idempotent: never twice for one episode)."""
    from absence.services import episode_notify_arbo

    return episode_notify_arbo(episode_id)
