{{/*
Configuration. Plain settings go into a ConfigMap (union.settings); secrets are only ever
referenced, by Secret name and key, never put into the chart (union.secretEnv). The names are
the services' configuration keys with ":" written "__", as .NET reads them from the environment.
What each deployable must be given is listed in charts/production-settings.json, which the chart
tests compare with the services' code and with these manifests.
*/}}
{{- define "union.settings" -}}
{{- $g := .Values.global -}}
{{- $ports := include "union.ports" . | fromYaml -}}
{{- $s := dict
  "ASPNETCORE_ENVIRONMENT" "Production"
  "Ports__Bind" "any"
  "Ports__Grpc" (toString $ports.grpc)
  "Ports__Http" (toString $ports.http)
  "Auth__Authority" $g.auth.authority
  "Auth__Audience" $g.auth.audience
  "Auth__Issuer" $g.auth.issuer
-}}
{{- if $g.otlpEndpoint }}{{ $_ := set $s "OTEL_EXPORTER_OTLP_ENDPOINT" $g.otlpEndpoint }}{{ end -}}
{{- if .Values.backend -}}
{{- $_ := set $s "Persistence__Provider" $g.database.provider -}}
{{- /* Never at start in production: the pre-upgrade hook migrates (docs/operations.md). */ -}}
{{- $_ := set $s "Persistence__MigrateOnStartup" "false" -}}
{{- $_ := set $s "Seed__Demo" "false" -}}
{{- $_ := set $s "RabbitMq__Host" $g.rabbitmq.host -}}
{{- $_ := set $s "RabbitMq__Port" (toString $g.rabbitmq.port) -}}
{{- $_ := set $s "RabbitMq__VirtualHost" $g.rabbitmq.virtualHost -}}
{{- $_ := set $s "RabbitMq__Username" $g.rabbitmq.username -}}
{{- $_ := set $s "PersonalData__ActiveKeyId" $g.personalData.activeKeyId -}}
{{- end -}}
{{- range .Values.grpcClients -}}
{{- $target := index $g.services . -}}
{{- $_ := set $s (printf "Services__%s__Grpc" .) (printf "http://%s:%v" (include "union.host" (list $ .)) $target.grpc) -}}
{{- end -}}
{{- with .Values.cors -}}
{{- range $i, $origin := .allowedOrigins -}}
{{- $_ := set $s (printf "Cors__AllowedOrigins__%d" $i) $origin -}}
{{- end -}}
{{- end -}}
{{- range $key, $value := .Values.settings -}}
{{- $_ := set $s $key (tpl (toString $value) $) -}}
{{- end -}}
{{- toYaml $s -}}
{{- end -}}

{{- define "union.secretEnv" -}}
{{- $g := .Values.global -}}
{{- if .Values.backend }}
- name: ConnectionStrings__Database
  valueFrom:
    secretKeyRef:
      name: {{ $g.database.secretName }}
      key: {{ .Values.database.secretKey | default .Chart.Name }}
- name: RabbitMq__Password
  valueFrom:
    secretKeyRef:
      name: {{ $g.rabbitmq.passwordSecret.name }}
      key: {{ $g.rabbitmq.passwordSecret.key }}
{{- range $g.personalData.keyIds }}
- name: PersonalData__Keys__{{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $g.personalData.secretName }}
      key: PersonalData__Keys__{{ . }}
{{- end }}
- name: PersonalData__LookupKey
  valueFrom:
    secretKeyRef:
      name: {{ $g.personalData.secretName }}
      key: PersonalData__LookupKey
{{- end }}
- name: Redis__Configuration
  valueFrom:
    secretKeyRef:
      name: {{ $g.redis.secret.name }}
      key: {{ $g.redis.secret.key }}
{{- /* The service's own token, for calls it makes as itself (funds → archives' PaymentDetails). */ -}}
{{- with .Values.serviceTokenSecret }}
- name: Auth__ServiceToken
  valueFrom:
    secretKeyRef:
      name: {{ .name }}
      key: {{ .key }}
{{- end }}
{{- end -}}

{{- define "union.configMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
data:
  {{- include "union.settings" . | nindent 2 }}
{{- end -}}
