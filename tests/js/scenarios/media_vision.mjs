// Every vision and multimodal task through the real @huggingface/inference SDK (endpointUrl).
// args: { png: base64 image, width, height }
export default async function ({ base, args, InferenceClient, plain }) {
  const at = (model) => new InferenceClient("hf_test", { endpointUrl: `${base}/models/${model}` });
  const bytes = Buffer.from(args.png, "base64");
  const image = () => new Blob([bytes], { type: "image/png" });
  const untyped = () => new Blob([bytes]);
  const out = {};
  out.classification = await at("google/vit-base-patch16-224").imageClassification({ inputs: untyped() });
  out.detection = await at("facebook/detr-resnet-50").objectDetection({ inputs: image() });
  out.segmentation = await at("nvidia/segformer-b0-finetuned-ade-512-512").imageSegmentation({ inputs: image() });
  out.caption = await at("Salesforce/blip-image-captioning-base").imageToText({ inputs: image() });
  out.zeroShot = await at("openai/clip-vit-large-patch14").zeroShotImageClassification({
    inputs: { image: image() },
    parameters: { candidate_labels: ["cat", "dog", "car"] },
  });
  out.vqa = await at("dandelin/vilt-b32-finetuned-vqa").visualQuestionAnswering({
    inputs: { question: "How many cats are there?", image: image() },
  });
  out.docqa = await at("impira/layoutlm-document-qa").documentQuestionAnswering({
    inputs: { question: "What is the total?", image: image() },
  });
  out.textToImage = await plain(
    await at("black-forest-labs/FLUX.1-schnell").textToImage({ inputs: "a lighthouse", parameters: { width: 64, height: 48 } })
  );
  out.imageToImage = await plain(await at("timbrooks/instruct-pix2pix").imageToImage({ inputs: image() }));
  out.imageToImageParams = await plain(
    await at("timbrooks/instruct-pix2pix").imageToImage({
      inputs: image(),
      parameters: { prompt: "make it blue", target_size: { width: 32, height: 24 } },
    })
  );
  return out;
}
