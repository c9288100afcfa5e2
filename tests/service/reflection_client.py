"""A gRPC client that knows nothing of the server but what reflection says.

Like grpcurl, it talks only grpc.reflection.v1alpha.ServerReflection (stubs
generated from Debian's grpc-proto) and builds every other message from the
descriptors the server sends:

  reflection_client.py ADDRESS list
  reflection_client.py ADDRESS describe SERVICE
  reflection_client.py ADDRESS call pkg.Service/Method JSON

`call` encodes JSON as the method's input type (protobuf's JSON mapping),
sends the raw bytes, and prints the answer as JSON on one line. An error
status prints "ERROR CODE: message" on stderr and exits 1.
"""

import sys

import grpc
from google.protobuf import descriptor_database
from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import json_format
from google.protobuf import message_factory
import reflection_pb2  # grpc/reflection/v1alpha/reflection.proto

REFLECTION = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"


class Reflection:
    """One reflection stream per question (the protocol allows many)."""

    def __init__(self, channel):
        self._info = channel.stream_stream(
            REFLECTION,
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)

    def ask(self, **request):
        answers = list(self._info(iter([reflection_pb2.ServerReflectionRequest(**request)]),
                                  timeout=30))
        if len(answers) != 1:
            raise RuntimeError("%d answers to one reflection request" % len(answers))
        answer = answers[0]
        if answer.HasField("error_response"):
            raise LookupError(answer.error_response.error_message)
        return answer

    def services(self):
        return [s.name for s in self.ask(list_services="").list_services_response.service]

    def pool_with(self, symbol):
        """A descriptor pool holding `symbol`'s file and everything it imports."""
        database = descriptor_database.DescriptorDatabase()
        known = set()
        pending = []

        def add(answer):
            for raw in answer.file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                if proto.name not in known:
                    known.add(proto.name)
                    database.Add(proto)
                    pending.extend(proto.dependency)

        add(self.ask(file_containing_symbol=symbol))
        while pending:  # imports the server did not send along
            name = pending.pop()
            if name not in known:
                add(self.ask(file_by_filename=name))
        return descriptor_pool.DescriptorPool(database)


def describe(reflection, service_name):
    service = reflection.pool_with(service_name).FindServiceByName(service_name)
    lines = ["service %s {" % service.full_name]
    for m in service.methods:
        lines.append("  rpc %s(%s) returns (%s);" %
                     (m.name, m.input_type.full_name, m.output_type.full_name))
    lines.append("}")
    return "\n".join(lines)


def call(channel, reflection, method_path, request_json):
    service_name, _, method_name = method_path.partition("/")
    pool = reflection.pool_with(service_name)
    method = pool.FindServiceByName(service_name).methods_by_name[method_name]
    factory = message_factory.MessageFactory(pool)
    request = json_format.Parse(request_json, factory.GetPrototype(method.input_type)())
    raw = channel.unary_unary("/%s/%s" % (service_name, method_name))(
        request.SerializeToString(), timeout=30)
    response = factory.GetPrototype(method.output_type).FromString(raw)
    return json_format.MessageToJson(response, indent=None)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with grpc.insecure_channel(argv[1]) as channel:
        reflection = Reflection(channel)
        try:
            if argv[2] == "list":
                print("\n".join(reflection.services()))
            elif argv[2] == "describe" and len(argv) == 4:
                print(describe(reflection, argv[3]))
            elif argv[2] == "call" and len(argv) == 5:
                print(call(channel, reflection, argv[3], argv[4]))
            else:
                sys.stderr.write(__doc__)
                return 2
        except grpc.RpcError as e:
            sys.stderr.write("ERROR %s: %s\n" % (e.code().name, e.details()))
            return 1
        except (LookupError, KeyError, json_format.ParseError) as e:
            sys.stderr.write("ERROR %s\n" % e)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
