"""The handbook pages: reading and acknowledging (everyone), writing and publishing (HR and the
director), the PVT's review and the board's decision."""

from django.urls import path

from handbook.views import reading, review, writing

app_name = "handbook"
urlpatterns: list = [
    # reading and acknowledging (everyone), who has not acknowledged (HR)
    path("handbook/", reading.index, name="index"),
    path("handbook/<int:pk>/", reading.handbook, name="handbook"),
    path("handbook/<int:pk>/handbook.pdf", reading.handbook_pdf, name="handbook_pdf"),
    path("handbook/chapters/<int:pk>/", reading.chapter, name="chapter"),
    path("handbook/search/", reading.search, name="search"),
    path("handbook/versions/<int:pk>/", reading.version, name="version"),
    path("handbook/acknowledgements/", reading.acknowledgements, name="acknowledgements"),
    # writing (HR and the director) and the PVT's review
    path("handbook/manage/", writing.manage, name="manage"),
    path("handbook/chapters/new/", writing.chapter_new, name="chapter_new"),
    path("handbook/versions/<int:pk>/edit/", writing.version_edit, name="version_edit"),
    path("handbook/preview/", writing.preview, name="preview"),
    path("handbook/versions/<int:pk>/review/", review.review, name="review"),
    path("handbook/compare/", review.compare, name="compare"),
    path("handbook/pvt/", review.pvt, name="pvt"),
]
