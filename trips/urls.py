from django.urls import path

from . import views

app_name = "trips"

urlpatterns = [path("", views.TripCheckView.as_view(), name="check")]
