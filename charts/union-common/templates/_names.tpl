{{/* Names and labels. A deployable is called <release>-<chart>, e.g. union-archives. */}}
{{- define "union.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The in-cluster host of another deployable of the same release: (list $ "projects"). */}}
{{- define "union.host" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" $root.Release.Name (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "union.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "union.labels" -}}
{{ include "union.selectorLabels" . }}
app.kubernetes.io/part-of: union
app.kubernetes.io/version: {{ include "union.tag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The ports of a deployable, from the one table in global.services. */}}
{{- define "union.ports" -}}
{{- $ports := index .Values.global.services .Chart.Name -}}
{{- if not $ports }}{{ fail (printf "global.services.%s (its grpc and http ports) is missing" .Chart.Name) }}{{ end -}}
{{- toYaml $ports -}}
{{- end -}}

{{- define "union.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "union.image" -}}
{{- $registry := .Values.global.image.registry | trimSuffix "/" -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository (include "union.tag" .) -}}
{{- end -}}
