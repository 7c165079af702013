from django.http import HttpResponse
from django.template import engines
from django.urls import path

GRID = engines["django"].from_string(
    "<!doctype html><title>grid</title><table>{% for row in rows %}<tr>{% for cell in row %}"
    '<td class="c{{ forloop.counter }}">{{ cell.label }} {{ cell.value|floatformat:2 }}</td>'
    "{% endfor %}</tr>{% endfor %}</table>"
)
ROWS = [[{"label": f"cell {r}.{c}", "value": r * c / 7} for c in range(15)] for r in range(50)]


def ok(request):
    return HttpResponse("ok")


def grid(request):
    return HttpResponse(GRID.render({"rows": ROWS}, request))


urlpatterns = [path("", ok), path("grid/", grid)]
