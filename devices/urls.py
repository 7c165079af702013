from django.urls import path

from . import views

app_name = "devices"

urlpatterns = [path("", views.DeviceListView.as_view(), name="device_list")]
