import factory

from apps.notifications.models import (
    Category,
    NewsletterCampaign,
    NewsletterSubscriber,
    Notification,
    SubscriberStatus,
)


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread in-app notification (pass user=...)."""

    class Meta:
        model = Notification

    kind = "system.message"
    category = Category.SYSTEM
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    message = "Nội dung thông báo"
    url = "/orders/"
    data = factory.LazyAttribute(lambda o: {"title": o.title, "message": o.message})


class NewsletterSubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber."""

    class Meta:
        model = NewsletterSubscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    language = "vi"
    status = SubscriberStatus.CONFIRMED


class NewsletterCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterCampaign

    subject = factory.Sequence(lambda n: f"Ưu đãi tuần {n}")
    preheader = "Giảm đến 50% cho laptop"
    body = "Đoạn thứ nhất.\n\nĐoạn thứ hai với <b>thẻ</b>."
