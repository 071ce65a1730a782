{{/* Pod and container security: non-root (the .NET images' "app" user, 1654), read-only root
filesystem with a writable /tmp only, no privilege escalation, every capability dropped. */}}
{{- define "union.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "union.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The environment: the ConfigMap named (plain settings) and the Secret references. */}}
{{- define "union.envFrom" -}}
{{- $configMap := index . 1 -}}
{{- with index . 0 -}}
envFrom:
  - configMapRef:
      name: {{ $configMap }}
env:
  {{- include "union.secretEnv" . | nindent 2 }}
{{- end -}}
{{- end -}}

{{- define "union.podCommon" -}}
serviceAccountName: {{ include "union.fullname" . }}
automountServiceAccountToken: false
securityContext:
  {{- include "union.podSecurityContext" . | nindent 2 }}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
{{- end -}}

{{- define "union.deployment" -}}
{{- $ports := include "union.ports" . | fromYaml -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "union.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "union.labels" . | nindent 8 }}
      annotations:
        # A changed setting rolls the pods: environment variables are read once, at start.
        checksum/settings: {{ include "union.settings" . | sha256sum }}
    spec:
      {{- include "union.podCommon" . | nindent 6 }}
      terminationGracePeriodSeconds: 30
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: {{ .Values.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "union.selectorLabels" . | nindent 14 }}
        {{- if .Values.topologySpread.zones }}
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "union.selectorLabels" . | nindent 14 }}
        {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- tpl (toYaml .) $ | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "union.image" . }}
          imagePullPolicy: {{ .Values.global.image.pullPolicy }}
          securityContext:
            {{- include "union.containerSecurityContext" . | nindent 12 }}
          ports:
            - name: grpc
              containerPort: {{ $ports.grpc }}
              protocol: TCP
            - name: http
              containerPort: {{ $ports.http }}
              protocol: TCP
          {{- include "union.envFrom" (list . (include "union.fullname" .)) | nindent 10 }}
          # Probes on the HTTP/1.1 port: /health/live answers while the process serves,
          # /health/ready while its database, broker and cache answer too.
          startupProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 10
            timeoutSeconds: 2
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: {{ .Values.readinessPath }}, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
{{- end -}}

{{- define "union.service" -}}
{{- $ports := include "union.ports" . | fromYaml -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "union.selectorLabels" . | nindent 4 }}
  ports:
    # gRPC is HTTP/2 without TLS inside the cluster (h2c); the HTTP port is HTTP/1.1.
    - name: grpc
      port: {{ $ports.grpc }}
      targetPort: grpc
      protocol: TCP
      appProtocol: kubernetes.io/h2c
    - name: http
      port: {{ $ports.http }}
      targetPort: http
      protocol: TCP
      appProtocol: http
{{- end -}}

{{- define "union.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end -}}

{{- define "union.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
spec:
  {{- if .Values.podDisruptionBudget.minAvailable }}
  minAvailable: {{ .Values.podDisruptionBudget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable | default 1 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "union.selectorLabels" . | nindent 6 }}
{{- end -}}
{{- end -}}

{{- define "union.hpa" -}}
{{- if .Values.autoscaling.enabled -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "union.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Calm nights follow busy mornings: shed pods slowly.
      stabilizationWindowSeconds: 300
{{- end -}}
{{- end -}}

{{/* Who may connect: a service accepts only the gateway and the suite's other services (same
release); the gateway accepts the ingress controller's namespace. Egress is left open: the
database, broker, cache and token authority live outside the release. */}}
{{- define "union.networkPolicy" -}}
{{- if .Values.global.networkPolicy.enabled -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "union.fullname" . }}
  labels:
    {{- include "union.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "union.selectorLabels" . | nindent 6 }}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        {{- if .Values.backend }}
        - podSelector:
            matchLabels:
              app.kubernetes.io/part-of: union
              app.kubernetes.io/instance: {{ .Release.Name }}
        {{- else }}
        - namespaceSelector:
            matchLabels:
              {{- toYaml .Values.global.networkPolicy.ingressNamespaceLabels | nindent 14 }}
          {{- with .Values.global.networkPolicy.ingressPodLabels }}
          podSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
          {{- end }}
        {{- end }}
        {{- with .Values.global.networkPolicy.monitoringNamespaceLabels }}
        - namespaceSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
        {{- end }}
      ports:
        - port: grpc
          protocol: TCP
        - port: http
          protocol: TCP
{{- end -}}
{{- end -}}

{{/* The migration: the service's own image run with --migrate as a pre-install and pre-upgrade
hook, so the schema is current before any new pod starts; a failed migration fails the
install or upgrade and leaves the running pods alone. Hooks run before the release's own
objects exist, so the Job takes its settings from a hook ConfigMap of its own (same content)
and runs under the namespace's default ServiceAccount with no token. */}}
{{- define "union.migration" -}}
{{- if and .Values.backend .Values.migrations.enabled -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "union.fullname" . }}-migrate
  labels:
    {{- include "union.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation
data:
  {{- include "union.settings" . | nindent 2 }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "union.fullname" . }}-migrate
  labels:
    {{- include "union.labels" . | nindent 4 }}
    app.kubernetes.io/component: migration
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # Kept after a failure so its log can be read; replaced by the next attempt.
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ .Chart.Name }}-migrate
        app.kubernetes.io/instance: {{ .Release.Name }}
        app.kubernetes.io/part-of: union
        app.kubernetes.io/component: migration
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      securityContext:
        {{- include "union.podSecurityContext" . | nindent 8 }}
      {{- with .Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
      containers:
        - name: migrate
          image: {{ include "union.image" . }}
          imagePullPolicy: {{ .Values.global.image.pullPolicy }}
          args: ["--migrate"]
          securityContext:
            {{- include "union.containerSecurityContext" . | nindent 12 }}
          {{- include "union.envFrom" (list . (printf "%s-migrate" (include "union.fullname" .))) | nindent 10 }}
          resources:
            {{- toYaml .Values.migrations.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
{{- end -}}
{{- end -}}

{{/* Everything one deployable is made of; a subchart's only template includes this. */}}
{{- define "union.deployable" -}}
{{ include "union.serviceAccount" . }}
---
{{ include "union.configMap" . }}
---
{{ include "union.deployment" . }}
---
{{ include "union.service" . }}
{{- with include "union.pdb" . }}
---
{{ . }}
{{- end }}
{{- with include "union.hpa" . }}
---
{{ . }}
{{- end }}
{{- with include "union.networkPolicy" . }}
---
{{ . }}
{{- end }}
{{- with include "union.migration" . }}
---
{{ . }}
{{- end }}
{{- end -}}
