# The vpcboard server, built in one stage and run from a small one.
FROM golang:1.27-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/vpcboard ./cmd/vpcboard

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /out/vpcboard /usr/local/bin/
ENV ADDR=:8080
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/usr/local/bin/server"]
