from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<slug:kind>/<slug:slug>/", views.report, name="report"),
    path("<slug:kind>/<slug:slug>/sent/", views.sent, name="sent"),
]
